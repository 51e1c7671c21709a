-- Files an agent sends from the composer (issue 10): stored with the reply like a downloaded
-- attachment (source 'none', state 'stored'), and reachable without a session at
-- /media/<public_token> until public_until, so the platform can fetch what it sends
-- (Messenger, Instagram and WhatsApp take a URL; LINE gets an image or a link).
alter table attachments add column public_token text;
alter table attachments add column public_until bigint;
create unique index attachments_public_token on attachments (public_token) where public_token is not null;
