-- client_xyz(x_share, y_share, min_months): the XYZ class (regularity) of every ordering client (one
-- with a row in stg_orders_placed): client_id, frequency (orders), first_order_at, last_order_at,
-- active_months (calendar months with an order), window_months (from the month of its first order to
-- the month of the latest order line in the data, both included), xyz. X when active_months /
-- window_months reaches x_share, Y when it reaches y_share, else Z; a window shorter than min_months
-- is too new to tell: N. Called as client_xyz($xyz_x_share, $xyz_y_share, $xyz_min_months).
create or replace macro client_xyz(x_share, y_share, min_months) as table
with data_end as (
    select date_trunc('month', max(ordered_at)) as last_month from orders
),
months as (
    select
        client_id,
        count(*)                                                                          as frequency,
        min(placed_at)                                                                    as first_order_at,
        max(placed_at)                                                                    as last_order_at,
        count(distinct date_trunc('month', placed_at))                                    as active_months,
        datediff('month', min(date_trunc('month', placed_at)), any_value(last_month)) + 1 as window_months
    from stg_orders_placed, data_end
    group by client_id
)
select *,
       case when window_months < min_months then 'N'
            when active_months / window_months >= x_share then 'X'
            when active_months / window_months >= y_share then 'Y'
            else 'Z' end as xyz
from months
