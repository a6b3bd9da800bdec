-- managers_results: every manager's closed deals, won deals, win rate (won / (won + lost)) and
-- average won deal (won deals with an amount), the most closed deals first. Heads (by their role in
-- the staff list) are marked, so a comparison of sellers can leave them out.
-- returns: managers_results
-- needs: deals
-- shape: rows
with heads as (
    select manager from managers
    where is_head_role(role)
)
select
    manager,
    count(*) filter (where status in ('won', 'lost'))                                     as closed,
    count(*) filter (where status = 'won')                                                as won,
    count(*) filter (where status = 'won') / nullif(count(*) filter (where status in ('won', 'lost')), 0)
                                                                                          as win_rate,
    (avg(amount) filter (where status = 'won'))::DOUBLE                                   as avg_won,
    manager in (select manager from heads)                                                as is_head
from deals
where manager is not null
group by manager
order by closed desc, manager
