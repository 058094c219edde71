/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: great-circle distance (haversine) and fiber delay (MODEL.md "Network"). */
#include <math.h>

#include "core/geo.h"

static double rad(double deg)
{
    return deg * (3.14159265358979323846 / 180.0);
}

double fp_geo_great_circle_km(double lat1, double lon1, double lat2, double lon2)
{
    double dlat = rad(lat2 - lat1);
    double dlon = rad(lon2 - lon1);
    double a = sin(dlat / 2) * sin(dlat / 2) +
               cos(rad(lat1)) * cos(rad(lat2)) * sin(dlon / 2) * sin(dlon / 2);
    if (a > 1.0) {
        a = 1.0;
    }
    return 2.0 * FP_EARTH_RADIUS_KM * atan2(sqrt(a), sqrt(1.0 - a));
}

double fp_geo_fiber_delay_s(double length_km)
{
    return length_km * FP_DELAY_S_PER_KM;
}
