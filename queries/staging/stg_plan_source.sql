-- stg_plan_source: where plan fulfilment takes revenue from (one row, name): 'orders' when orders are
-- uploaded and name the planned managers; 'deals' (the CRM's won deals) only when there are no orders
-- at all and won deals name a planned manager; null otherwise (nothing is compared).
create or replace view stg_plan_source as
select case
    when exists (select 1 from stg_plan_managers) then 'orders'
    when not exists (select 1 from orders)
     and exists (select 1 from deals join plans using (manager) where status = 'won') then 'deals'
end as name
