-- active_staff(as_of): the people of the staff list active on as_of (hired before it or with no date,
-- not left before it): manager, team and role (trimmed, role lower-case; null when blank), is_head
-- (is_head_role of the role). Called as active_staff($as_of).
create or replace macro active_staff(as_of) as table
select
    manager,
    nullif(trim(team), '')                                                        as team,
    nullif(lower(trim(role)), '')                                                 as role,
    is_head_role(role)                                                            as is_head
from managers
where (hired_at is null or hired_at < as_of::TIMESTAMP)
  and (left_at is null or left_at >= as_of::TIMESTAMP)
