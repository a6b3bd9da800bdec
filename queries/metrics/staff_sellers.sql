-- staff_sellers: everyone on the staff list with whether he is compared with the sellers on $as_of:
-- seller = active on $as_of (active_staff: hired before it or with no date, not left before it) and
-- not a head; his team, role (lower-case) and the kind of clients the role names (role_kind: new /
-- existing / both, null when it names none). Checks that compare managers with each other leave out
-- the people this list names as heads or as not active, and compare the rest by role.
-- returns: staff_sellers
-- needs: managers
-- shape: rows
with active as (
    select manager, is_head from active_staff($as_of)
)
select
    m.manager,
    nullif(trim(m.team), '')                          as team,
    nullif(lower(trim(m.role)), '')                   as role,
    role_kind(m.role)                                 as kind,
    coalesce(not a.is_head, false)                    as seller
from managers m left join active a using (manager)
order by m.manager
