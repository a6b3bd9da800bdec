-- staff_sellers: the sellers of the staff list active on $as_of (active_staff: hired before it or with
-- no date, not left before it), heads left out, with their team, role (lower-case) and the kind of
-- clients the role names (role_kind: new / existing / both, null when it names none). Checks that
-- compare managers with each other compare only these people, and by the same role.
-- returns: staff_sellers
-- needs: managers
-- shape: rows
select manager, team, role, role_kind(role) as kind
from active_staff($as_of)
where not is_head
order by manager
