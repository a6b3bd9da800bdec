-- segments_matrix: the ABC and XYZ classes of the ordering clients, counted per class and per cell of
-- the matrix, and the net revenue of each cell (results.json `segments` is made of these).
--   ABC: clients ranked by net revenue (all their lines, returns included), ties by client_id; a client
--        is A while the revenue of everyone ranked above it is below $abc_a_share of the total, B below
--        $abc_b_share, else C (the staging macro client_abc).
--   XYZ: the share of calendar months with an order, from the month of the client's first order to the
--        month of the latest order line in the data (both included): X from $xyz_x_share, Y from
--        $xyz_y_share, else Z; a window shorter than $xyz_min_months months is too new to tell (N)
--        (the staging macro client_xyz).
--   segments_abc {A, B, C}, segments_xyz {X, Y, Z, N}, segments_abc_xyz {AX .. CZ, AN, BN, CN} (clients),
--   segments_abc_xyz_revenue (the same cells, net revenue).
-- returns: segments_abc, segments_xyz, segments_abc_xyz, segments_abc_xyz_revenue
-- needs: orders
-- shape: row
with abc as (select * from client_abc($abc_a_share, $abc_b_share, $abc_by_margin)),
xyz as (select * from client_xyz($xyz_x_share, $xyz_y_share, $xyz_min_months)),
cells as (
    select abc, xyz, abc || xyz as cell, revenue
    from abc join xyz using (client_id)
)
select
    struct_pack(
        "A" := count(*) filter (where abc = 'A'),
        "B" := count(*) filter (where abc = 'B'),
        "C" := count(*) filter (where abc = 'C'))                                as segments_abc,
    struct_pack(
        "X" := count(*) filter (where xyz = 'X'),
        "Y" := count(*) filter (where xyz = 'Y'),
        "Z" := count(*) filter (where xyz = 'Z'),
        "N" := count(*) filter (where xyz = 'N'))                                as segments_xyz,
    struct_pack(
        "AX" := count(*) filter (where cell = 'AX'), "AY" := count(*) filter (where cell = 'AY'),
        "AZ" := count(*) filter (where cell = 'AZ'), "BX" := count(*) filter (where cell = 'BX'),
        "BY" := count(*) filter (where cell = 'BY'), "BZ" := count(*) filter (where cell = 'BZ'),
        "CX" := count(*) filter (where cell = 'CX'), "CY" := count(*) filter (where cell = 'CY'),
        "CZ" := count(*) filter (where cell = 'CZ'), "AN" := count(*) filter (where cell = 'AN'),
        "BN" := count(*) filter (where cell = 'BN'), "CN" := count(*) filter (where cell = 'CN')) as segments_abc_xyz,
    struct_pack(
        "AX" := coalesce(sum(revenue) filter (where cell = 'AX'), 0)::DOUBLE,
        "AY" := coalesce(sum(revenue) filter (where cell = 'AY'), 0)::DOUBLE,
        "AZ" := coalesce(sum(revenue) filter (where cell = 'AZ'), 0)::DOUBLE,
        "BX" := coalesce(sum(revenue) filter (where cell = 'BX'), 0)::DOUBLE,
        "BY" := coalesce(sum(revenue) filter (where cell = 'BY'), 0)::DOUBLE,
        "BZ" := coalesce(sum(revenue) filter (where cell = 'BZ'), 0)::DOUBLE,
        "CX" := coalesce(sum(revenue) filter (where cell = 'CX'), 0)::DOUBLE,
        "CY" := coalesce(sum(revenue) filter (where cell = 'CY'), 0)::DOUBLE,
        "CZ" := coalesce(sum(revenue) filter (where cell = 'CZ'), 0)::DOUBLE,
        "AN" := coalesce(sum(revenue) filter (where cell = 'AN'), 0)::DOUBLE,
        "BN" := coalesce(sum(revenue) filter (where cell = 'BN'), 0)::DOUBLE,
        "CN" := coalesce(sum(revenue) filter (where cell = 'CN'), 0)::DOUBLE)            as segments_abc_xyz_revenue
from cells
having count(*) > 0
