-- plan_first_half: the share of a month's revenue made by the 15th (the seed asks for half of the
-- plan in the first two weeks), pooled over the complete months before $as_of's month: revenue of
-- days 1-15 / all revenue of those months. Order lines by their date.
-- returns: plan_first_half_share
-- needs: orders
-- shape: row
select
    sum(amount) filter (where day(ordered_at) <= 15) / nullif(sum(amount), 0) as plan_first_half_share
from stg_orders
where order_month < date_trunc('month', $as_of::TIMESTAMP)
