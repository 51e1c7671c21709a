-- The list order a member last chose (a Sort slug: priority, newest, oldest, waiting, unread);
-- empty until they choose one, when the default order applies.
ALTER TABLE members ADD COLUMN list_sort TEXT;
