-- discount_by_manager: per manager, the deals he gave a discount on and how deep it was (discount /
-- amount over those deals), and the share of his won deals closed with a discount; the deepest first.
-- returns: discount_by_manager
-- needs: deals
-- shape: rows
with per_manager as (
    select
        manager,
        count(*) filter (where discount > 0 and amount > 0)                               as discounted,
        (sum(discount) filter (where discount > 0 and amount > 0)
            / sum(amount) filter (where discount > 0 and amount > 0))::DOUBLE             as depth,
        count(*) filter (where status = 'won' and amount > 0 and discount > 0)
            / nullif(count(*) filter (where status = 'won' and amount > 0), 0)            as won_with_discount
    from deals
    where manager is not null
    group by manager
)
select manager, discounted, depth, won_with_discount
from per_manager
where discounted > 0
order by depth desc, manager
