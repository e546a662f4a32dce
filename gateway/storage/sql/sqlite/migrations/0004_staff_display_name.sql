-- A staff member's name as people read it (姓名, e.g. 张三), set by an administrator; the
-- login name stays the account's key. Printed on the desk receipt as 接待人员.
ALTER TABLE staff_users ADD COLUMN display_name TEXT NOT NULL DEFAULT '';
