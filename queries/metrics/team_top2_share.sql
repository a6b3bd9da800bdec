-- team_top2_share: the share of won revenue (won deals with an amount) that the two managers with
-- the most of it hold together; with a single manager it is his whole share.
-- returns: team_top2_share
-- needs: deals
-- shape: row
with revenue as (
    select manager, sum(amount)::DOUBLE as won
    from deals
    where status = 'won' and manager is not null and amount is not null
    group by manager
),
ranked as (
    select won, row_number() over (order by won desc, manager) as place, sum(won) over () as total
    from revenue
)
select sum(won) filter (where place <= 2) / nullif(max(total), 0) as team_top2_share
from ranked
