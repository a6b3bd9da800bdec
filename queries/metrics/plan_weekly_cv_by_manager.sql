-- plan_weekly_cv_by_manager: how evenly each manager sells week after week, new and existing clients
-- apart (the spec's "zigzags": coefficient of variation of weekly revenue per manager). Revenue is the
-- placed orders (stg_orders_placed) by the week of their latest line; an order is a new client's when
-- it is that client's first order, else an existing client's. Weeks are whole weeks (Monday to
-- Sunday) before $as_of's week, from the manager's first to his last week with an order; weeks without
-- a sale count as 0.
--   manager, client_kind (new | existing), weeks, mean (revenue a week), cv (population sd / mean).
-- returns: plan_weekly_cv_by_manager
-- needs: orders
-- shape: rows
with placed as (
    select
        manager, total, date_trunc('week', placed_at)::DATE as week,
        case when first_line_at = min(first_line_at) over (partition by client_id) then 'new' else 'existing' end
            as client_kind
    from stg_orders_placed
    where manager is not null and placed_at < date_trunc('week', $as_of::TIMESTAMP)
),
spans as (
    select manager, min(week) as first_week, max(week) as last_week from placed group by manager
),
grid as (
    select s.manager, k.client_kind, w.week::DATE as week
    from spans s
    cross join (values ('new'), ('existing')) k(client_kind)
    cross join lateral generate_series(s.first_week::TIMESTAMP, s.last_week::TIMESTAMP, interval 7 day) w(week)
),
weekly as (
    -- whole cents as integers: their sums are exact, so the result does not depend on the order in
    -- which DuckDB's threads add the rows up
    select g.manager, g.client_kind, g.week, coalesce(round(sum(p.total) * 100), 0)::HUGEINT as cents
    from grid g left join placed p using (manager, client_kind, week)
    group by g.manager, g.client_kind, g.week
),
sums as (
    select manager, client_kind, count(*) as n, sum(cents) as s, sum(cents * cents) as q
    from weekly
    group by manager, client_kind
)
select
    manager,
    client_kind,
    n                                                       as weeks,
    s::DOUBLE / n / 100                                     as mean,
    -- population sd / mean = sqrt(n*q - s^2) / s, with n*q - s^2 computed exactly
    sqrt((n * q - s * s)::DOUBLE) / nullif(s, 0)::DOUBLE    as cv
from sums
order by manager, client_kind desc
