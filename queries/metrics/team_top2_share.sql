-- team_top2_share: the share of won revenue (won deals with an amount) that the two managers with
-- the most of it hold together; with a single manager it is his whole share.
-- returns: team_top2_share
-- needs: deals
-- shape: row
with ranked as (
    select won, row_number() over (order by won desc, manager) as place, sum(won) over () as total
    from stg_won_by_manager
)
select sum(won) filter (where place <= 2) / nullif(max(total), 0) as team_top2_share
from ranked
