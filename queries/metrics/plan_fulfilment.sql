-- plan_fulfilment: revenue against the monthly plan of each manager, over the complete months before
-- $as_of's month that have a plan and lie within the revenue data. Revenue is the order lines of the
-- manager (orders.manager; 1C's "Петров И." counts for the plan of "Иван Петров"); without any
-- uploaded orders, the won deals of the CRM (amount by the month of closing) stand in. When orders
-- exist but name none of the planned managers, nothing is compared (null). A manager-month without
-- revenue is 0 % fulfilled. The comparison itself is the staging macro plan_fact.
--   plan_manager_months:                         manager-months compared;
--   plan_below80_share / 90 / 100:               share of them below 80 / 90 / 100 % of plan;
--   plan_fact_source:                            "orders" or "deals", where revenue came from.
-- returns: plan_manager_months, plan_below80_share, plan_below90_share, plan_below100_share, plan_fact_source
-- needs: plans
-- shape: row
select
    nullif(count(*), 0)                                                        as plan_manager_months,
    count(*) filter (where ratio < 0.8) / nullif(count(*), 0)                  as plan_below80_share,
    count(*) filter (where ratio < 0.9) / nullif(count(*), 0)                  as plan_below90_share,
    count(*) filter (where ratio < 1.0) / nullif(count(*), 0)                  as plan_below100_share,
    (select name from stg_plan_source)                                         as plan_fact_source
from plan_fact($as_of)
