-- manager_concentration: how much of the won revenue sits with one person: the top manager's share
-- and the Herfindahl index (sum of squared shares) over managers with won deals that have an amount,
-- and how many managers that is (won_managers: the top share can never be below 1 / won_managers).
-- returns: top1_manager_share, hhi_managers, won_managers
-- needs: deals
-- shape: row
with shares as (
    select won / nullif(sum(won) over (), 0) as share from stg_won_by_manager
)
select max(share) as top1_manager_share, sum(share * share) as hhi_managers,
       count(*) filter (where share is not null) as won_managers
from shares
