/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: great-circle distance and fiber delay (MODEL.md "Network"). */
#ifndef FP_CORE_GEO_H
#define FP_CORE_GEO_H

/* Mean Earth radius (IUGG R1), km. */
#define FP_EARTH_RADIUS_KM 6371.0088

/* Propagation delay per km of G.652 fiber, s/km (group index ~1.468; MODEL.md). */
#define FP_DELAY_S_PER_KM 4.9e-6

/* Great-circle distance in km between two WGS84 points given in degrees
 * (haversine on the mean sphere; < 0.5 % from the ellipsoid). */
double fp_geo_great_circle_km(double lat1, double lon1, double lat2, double lon2);

/* One-way delay in s of length_km of fiber: length_km * 4.9e-6. */
double fp_geo_fiber_delay_s(double length_km);

#endif
