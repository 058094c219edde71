/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests: great-circle distance and fiber delay (core/geo.c, MODEL.md "Network"). */
#include "helpers.h"

#include "core/geo.h"

/* One degree along the equator = 2*pi*R/360 = 2*pi*6371.0088/360 = 111.19508 km. */
static void test_geo_great_circle_one_degree_equator(void **state)
{
    (void)state;
    assert_close(fp_geo_great_circle_km(0, 0, 0, 1), 111.19508, 1e-6);
    assert_close(fp_geo_great_circle_km(0, 0, 1, 0), 111.19508, 1e-6);
}

/* Pole to pole = pi*R = 20015.115 km; antipodes on the equator the same. */
static void test_geo_great_circle_half_circumference(void **state)
{
    (void)state;
    assert_close(fp_geo_great_circle_km(90, 0, -90, 0), 20015.115, 1e-6);
    assert_close(fp_geo_great_circle_km(0, 0, 0, 180), 20015.115, 1e-6);
    assert_close(fp_geo_great_circle_km(10, 20, 10, 20), 0.0, 1e-12);
}

/* REFERENCE.md 1.2 "Distances worth remembering": Mt Pleasant WI (42.71, -87.86) to
 * Fairwater Atlanta (33.45, -84.45) 1,072 km; Abilene (32.50, -99.78) to Santa Teresa
 * (31.86, -106.64) 649 km; Abilene to Shackelford (32.72, -99.30) 51 km (to 1 km). */
static void test_geo_great_circle_reference_distances(void **state)
{
    (void)state;
    assert_close(fp_geo_great_circle_km(42.71, -87.86, 33.45, -84.45), 1072.0, 0.5 / 1072.0);
    assert_close(fp_geo_great_circle_km(32.50, -99.78, 31.86, -106.64), 649.0, 0.5 / 649.0);
    assert_close(fp_geo_great_circle_km(32.50, -99.78, 32.72, -99.30), 51.0, 0.5 / 51.0);
}

/* MODEL.md: d_e = length_km * 4.9e-6 s; 1,000 km = 4.9 ms; REFERENCE 6.3: 3,515 km = 17.2 ms. */
static void test_geo_fiber_delay_per_km(void **state)
{
    (void)state;
    assert_close(fp_geo_fiber_delay_s(1000.0), 4.9e-3, 1e-12);
    assert_close(fp_geo_fiber_delay_s(3515.0), 0.0172235, 1e-9);
    assert_close(fp_geo_fiber_delay_s(0.0), 0.0, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_geo_great_circle_one_degree_equator),
        cmocka_unit_test(test_geo_great_circle_half_circumference),
        cmocka_unit_test(test_geo_great_circle_reference_distances),
        cmocka_unit_test(test_geo_fiber_delay_per_km),
    };
    return cmocka_run_group_tests_name("geo", tests, NULL, NULL);
}
