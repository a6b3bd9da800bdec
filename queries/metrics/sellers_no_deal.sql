-- sellers_no_deal: sellers of the staff list (active, not heads) who have made no new deal for more
-- than $pl_no_deal_days days up to the end of the deals' log, and their share of those sellers. Null
-- without a staff list: who still works there cannot be told.
-- returns: sellers_no_deal_now, sellers_no_deal_share
-- needs: deals, managers
-- shape: row
select
    count(*) filter (where current_gap_days > $pl_no_deal_days)                          as sellers_no_deal_now,
    count(*) filter (where current_gap_days > $pl_no_deal_days) / nullif(count(*), 0)    as sellers_no_deal_share
from seller_deal_gaps($as_of)
where from_staff
