-- The live inbox's optional desktop notification and sound, per member (issue 11): off until
-- the member switches them on; remembered on every device.
alter table members add column alerts boolean not null default false;
