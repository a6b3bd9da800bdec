-- deal_outcomes: how many deals there are, how they ended, the win rate, the average won deal and
-- the median sales cycle (created -> closed, fractional days) of won deals.
-- returns: deals_total, deals_won, deals_lost, open_deals, win_rate, avg_won_amount, median_cycle_days
-- needs: deals
-- shape: row
with counted as (
    select
        count(*)                                                        as deals_total,
        count(*) filter (where status = 'won')                          as deals_won,
        count(*) filter (where status = 'lost')                         as deals_lost,
        count(*) filter (where status = 'open')                         as open_deals,
        avg(amount) filter (where status = 'won')                       as avg_won_amount,
        median(cycle_days) filter (where status = 'won')                as median_cycle_days
    from stg_deals
)
select
    deals_total, deals_won, deals_lost, open_deals,
    deals_won / nullif(deals_won + deals_lost, 0)                       as win_rate,
    avg_won_amount::DOUBLE                                              as avg_won_amount,
    median_cycle_days
from counted
