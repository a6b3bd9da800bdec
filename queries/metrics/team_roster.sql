-- team_roster: the shape of the sales team on $as_of, from the staff list. Active = hired before
-- $as_of (or no date) and not left before it. A head is a person whose role says so
-- ("Руководитель", "РОП", "начальник", "директор", "head", "director", "lead"); everyone else sells.
--   team_sellers:   active people who sell;
--   team_heads:     active heads;
--   team_span:      sellers per head (null without a head in the list);
--   team_same_job:  the largest group of active sellers with the same role (null when no seller has
--                   a role: then the list cannot tell who does what);
--   team_largest:   active sellers in the largest team (null when no team is given).
-- returns: team_sellers, team_heads, team_span, team_same_job, team_largest
-- needs: managers
-- shape: row
with staff as (
    select * from active_staff($as_of)
),
sellers as (
    select * from staff where not is_head
),
roles as (
    select role, count(*) as people from sellers where role is not null group by role
),
teams as (
    select team, count(*) as people from sellers where team is not null group by team
)
select
    (select count(*) from sellers)                                                    as team_sellers,
    (select count(*) from staff where is_head)                                        as team_heads,
    (select count(*) from sellers) / nullif((select count(*) from staff where is_head), 0) as team_span,
    (select max(people) from roles)                                                   as team_same_job,
    (select max(people) from teams)                                                   as team_largest
