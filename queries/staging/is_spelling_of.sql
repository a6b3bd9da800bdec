-- is_spelling_of(spelling, name): whether `spelling` writes the manager `name` as 1C does: the name
-- itself, or its surname and first initial in either word order ("Петров И." for "Иван Петров" or
-- "Петров Иван"). Whether only one name fits is up to the caller (see stg_plan_managers).
create or replace macro is_spelling_of(spelling, name) as (
    spelling = name
    or spelling = split_part(name, ' ', -1) || ' ' || left(name, 1) || '.'
    or spelling = split_part(name, ' ', 1) || ' ' || left(split_part(name, ' ', 2), 1) || '.'
)
