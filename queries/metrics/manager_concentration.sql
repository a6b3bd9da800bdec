-- manager_concentration: how much of the won revenue sits with one person: the top manager's share
-- and the Herfindahl index (sum of squared shares) over managers with won deals that have an amount.
-- returns: top1_manager_share, hhi_managers
-- needs: deals
-- shape: row
with shares as (
    select won / nullif(sum(won) over (), 0) as share from stg_won_by_manager
)
select max(share) as top1_manager_share, sum(share * share) as hhi_managers from shares
