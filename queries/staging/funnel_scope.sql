-- funnel_scope: which pipeline the funnel and the stage comparisons are about, and what the stage
-- order rests on (one row: pipeline, basis, guess, pipelines [{name, deals}], unplaced). This view is
-- the default, for queries run outside an audit: the largest pipeline, the order of the uploaded
-- stages table or of the stage history, else none. An audit decides it in audits/stages.py (the
-- user's order, the CRM's default pipeline, the stage words) and shadows this view with a temporary
-- table of the same name on its own cursor.
create or replace view funnel_scope as
with counts as (
    select pipeline, count(*) as n from deals group by pipeline
),
basis as (
    select case when exists (select 1 from stages) then 'stages_table'
                when exists (select 1 from stage_history) then 'history'
                else 'none' end as basis
)
select
    (select pipeline from counts order by n desc, pipeline nulls last limit 1)          as pipeline,
    (select basis from basis)                                                          as basis,
    (select basis from basis) = 'none'                                                 as guess,
    (select list({'name': pipeline, 'deals': n} order by n desc, pipeline nulls last) from counts) as pipelines,
    []::VARCHAR[]                                                                      as unplaced
