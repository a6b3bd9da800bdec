-- calls_deal_conversion: per manager, answered calls, deals he created in the same data and deals
-- per answered call: how well each manager's calls turn into deals.
-- returns: calls_deal_conversion
-- needs: calls, deals
-- shape: rows
with talk as (
    select manager, count(*) filter (where is_answered) as answered
    from stg_calls
    where manager is not null
    group by manager
),
opened as (
    select manager, count(*) as deals from deals where manager is not null group by manager
)
select
    manager,
    answered,
    coalesce(deals, 0)                                  as deals,
    coalesce(deals, 0) / nullif(answered, 0)            as deals_per_call
from talk left join opened using (manager)
order by manager
