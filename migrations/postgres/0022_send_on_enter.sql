-- How each member sends from the composer (issue 16): Ctrl+Enter (the default; Enter is a new
-- line) or Enter (Shift+Enter is a new line either way). Remembered on every device.
alter table members add column send_on_enter boolean not null default false;
