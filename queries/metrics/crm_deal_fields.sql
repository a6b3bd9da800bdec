-- crm_deal_fields: deals with a blank field that every deal should have: amount, manager, client;
-- and lost deals without a lost reason. A column that is blank in every deal was most likely not
-- exported at all, so its share is unknown (null), not 100 %.
-- returns: crm_no_amount, crm_no_amount_share, crm_no_manager, crm_no_manager_share, crm_no_client, crm_no_client_share, crm_lost_no_reason, crm_lost_no_reason_share
-- needs: deals
-- shape: row
with counted as (
    select
        count(*)                                                            as deals,
        count(*) filter (where amount is null)                              as no_amount,
        count(amount)                                                       as with_amount,
        count(*) filter (where nullif(trim(manager), '') is null)           as no_manager,
        count(nullif(trim(manager), ''))                                    as with_manager,
        count(*) filter (where nullif(trim(client_id), '') is null)         as no_client,
        count(nullif(trim(client_id), ''))                                  as with_client,
        count(*) filter (where status = 'lost')                             as lost,
        count(*) filter (where status = 'lost' and nullif(trim(lost_reason), '') is null) as lost_no_reason,
        count(nullif(trim(lost_reason), ''))                                as with_reason
    from deals
)
select
    case when with_amount > 0 then no_amount end                                as crm_no_amount,
    case when with_amount > 0 then no_amount / nullif(deals, 0) end             as crm_no_amount_share,
    case when with_manager > 0 then no_manager end                              as crm_no_manager,
    case when with_manager > 0 then no_manager / nullif(deals, 0) end           as crm_no_manager_share,
    case when with_client > 0 then no_client end                                as crm_no_client,
    case when with_client > 0 then no_client / nullif(deals, 0) end             as crm_no_client_share,
    case when with_reason > 0 then lost_no_reason end                           as crm_lost_no_reason,
    case when with_reason > 0 then lost_no_reason / nullif(lost, 0) end         as crm_lost_no_reason_share
from counted
