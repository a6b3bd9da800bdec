-- plan_first_half_by_team: plan_first_half_share for every team of the staff list. An order line
-- belongs to the team of its manager; 1C's "Петров И." is "Иван Петров" of the list when the surname
-- and first initial fit only one name. Lines of people missing from the list are left out.
-- returns: plan_first_half_by_team
-- needs: orders, managers
-- shape: map
with spellings as (
    select o.manager as spelling, nullif(trim(m.team), '') as team
    from (select distinct manager from orders where manager is not null) o
    join managers m on is_spelling_of(o.manager, m.manager)
    qualify count(*) over (partition by o.manager) = 1
)
select
    s.team,
    (sum(o.amount) filter (where day(o.ordered_at) <= 15) / nullif(sum(o.amount), 0))::DOUBLE as share
from stg_orders o join spellings s on o.manager = s.spelling
where o.order_month < date_trunc('month', $as_of::TIMESTAMP) and s.team is not null
group by s.team
order by s.team
