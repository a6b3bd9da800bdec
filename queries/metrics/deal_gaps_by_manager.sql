-- deal_gaps_by_manager: every seller's longest stretch without a new deal and the stretch running now
-- (the staging macro seller_deal_gaps), the longest now first.
-- returns: deal_gaps_by_manager
-- needs: deals
-- shape: rows
select manager, deals, last_deal, longest_gap_days, current_gap_days
from seller_deal_gaps($as_of)
order by current_gap_days desc, longest_gap_days desc, manager
