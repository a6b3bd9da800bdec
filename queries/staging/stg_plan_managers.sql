-- stg_plan_managers: which plan name each manager spelling of orders stands for (spelling, manager).
-- 1C writes "Петров И." where the plan says "Иван Петров": an order's manager is a plan's name when
-- it is that name, or its surname and first initial (either word order), and only one plan name fits.
create or replace view stg_plan_managers as
select o.manager as spelling, p.manager
from (select distinct manager from orders where manager is not null) o
join (select distinct manager from plans) p on is_spelling_of(o.manager, p.manager)
qualify count(*) over (partition by o.manager) = 1
