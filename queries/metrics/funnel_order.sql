-- funnel_order: what the funnel is about and what its stage order rests on: {basis, guess, pipeline,
-- pipelines: [{name, deals}], unplaced}. basis: stages_table | user | history | crm_default | words |
-- none; guess is true for crm_default, words and none (the order is inferred, or unknown); unplaced
-- lists the open stages the basis did not name (put after the ordered ones). See audits/stages.py.
-- returns: funnel_order
-- needs: deals
-- shape: record
select pipeline, basis, guess, pipelines, unplaced from funnel_scope
