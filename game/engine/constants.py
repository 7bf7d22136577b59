"""Model constants in one place, each with the reason it has its value.

Calibration (see tests/engine/test_calibration.py) tunes these so that the
historical bot lands near the 1928-1941 record in ../shared/data/history.md.
"""

from __future__ import annotations

import numpy as np

# Per-household land, relative to a middle peasant's scale of farming (batrak,
# bednyak, serednyak, kulak). Kulaks worked ~1.6x a middle farm; batraks a plot.
LAND_WEIGHT = np.array([0.25, 0.7, 1.1, 1.7])
# Output per hectare by stratum: better tools, seed and stock on richer farms.
SKILL_WEIGHT = np.array([0.85, 0.9, 1.0, 1.15])
# Livestock per household by stratum, relative.
STOCK_WEIGHT = np.array([0.15, 0.6, 1.15, 2.2])
# Trust each stratum drifts back to when nothing happens.
TRUST_BASE = np.array([0.62, 0.58, 0.5, 0.32])

PEOPLE_PER_HOUSEHOLD = 4.9

# Grain needs (tonnes per year): people eat ~0.23 t of grain (potatoes, milk and
# vegetables do the rest); horses need some fodder grain on top of hay and
# pasture, cattle a little; seed ~0.12 t per hectare sown.
FOOD_PER_PERSON = 0.23
FODDER_PER_HORSE = 0.25
FODDER_PER_COW = 0.05
SEED_PER_HA = 0.12
# One tractor does the field work of ~20 horses (MTS double shifts).
HORSE_EQ_PER_TRACTOR = 20.0

# Procurement: share of the year's demand taken in autumn (rest in winter).
AUTUMN_PROCUREMENT = 0.6
# Urban grain need in Mt/year at industry index 100; grows with the cities.
URBAN_NEED_1928 = 9.0

# Joining: base flow per season of households whose expected gain is positive.
JOIN_RATE = 0.045
LEAVE_RATE = 0.04
# Exodus rate when kolkhoz members are free to leave ("Dizzy with Success").
EXIT_RATE_FREE = 0.6
EXIT_RATE_HELD = 0.03
# Slaughter of livestock by households driven into kolkhozes (cattle, horses).
SLAUGHTER_FORCED = (0.25, 0.15)
SLAUGHTER_VOLUNTARY = (0.04, 0.02)
# Deportation: share of remaining kulak households per season at full coercion.
DEPORT_RATE = 0.16
DEPORT_DEATH_RATE = 0.22  # of deported people, over the years of exile

# Famine: deaths per season as a share of population, by hunger (shortfall).
FAMINE_K = 0.40
FAMINE_POWER = 2.0
