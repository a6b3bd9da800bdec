-- stg_won_by_manager: the won revenue of each manager: manager, won (DOUBLE), the sum over his won
-- deals that have an amount. Deals without a manager are left out.
create or replace view stg_won_by_manager as
select manager, sum(amount)::DOUBLE as won
from deals
where status = 'won' and manager is not null and amount is not null
group by manager
