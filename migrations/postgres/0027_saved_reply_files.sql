-- A saved reply's optional attachment (issue 16): one file kept in the file store under the
-- workspace (`file_path`, relative to it), its name as the member chose it and its size. The
-- composer sends it after the reply's text; deleting the reply removes the file.
alter table saved_replies add column file_path text;
alter table saved_replies add column file_name text;
alter table saved_replies add column file_size bigint;
