-- team_concentration: for every team of the staff list, how its won revenue (won deals with an
-- amount, by the deal's manager) splits between its managers: the managers with won revenue, the
-- team's won revenue, its top manager and his share. Deals of people missing from the staff list
-- belong to no team and are left out.
-- returns: team_concentration
-- needs: deals, managers
-- shape: rows
with revenue as (
    select d.manager, nullif(trim(m.team), '') as team, sum(d.amount)::DOUBLE as won
    from deals d join managers m using (manager)
    where d.status = 'won' and d.amount is not null
    group by d.manager, m.team
),
ranked as (
    select
        team, manager, won,
        row_number() over (partition by team order by won desc, manager) as place,
        sum(won) over (partition by team)                                 as team_won,
        count(*) over (partition by team)                                 as managers
    from revenue
    where team is not null
)
select
    team,
    managers,
    team_won                         as won,
    manager                          as top_manager,
    won / nullif(team_won, 0)        as top_share
from ranked
where place = 1
order by team
