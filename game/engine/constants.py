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
# Slaughter, growth and losses of the herds, by species: game.engine.rules.herds.
# Deportation: share of remaining kulak households per season at full coercion.
DEPORT_RATE = 0.16
DEPORT_DEATH_RATE = 0.22  # of deported people, over the years of exile

# Famine: deaths per season as a share of population, by hunger (shortfall).
FAMINE_K = 0.30
FAMINE_POWER = 1.6

# Share of a kolkhoz household's grain need its plot and cow replace when the charter
# allows them (potatoes, milk, vegetables: by 1937 the plots gave about a fifth of farm
# output and most of the villages' potatoes and milk).
PLOT_FOOD = 0.2
# Pigs eat grain and potatoes (a little grain each, Mt per million pigs a year).
FODDER_PER_PIG = 0.05
# The plan shares quotas by reported marketable surplus (1.0) or by harvest (0.0);
# no region's quota share falls below this share of its harvest.
QUOTA_BY_SURPLUS = 0.7
QUOTA_FLOOR_SHARE = 0.04
# Trust lost per unit of demand beyond the villages' real surplus.
STRAIN_TRUST = 0.5
# The world grain market: earnings flatten after a few Mt a year; buyers take no more
# than the cap (1930-31, the USSR's dumping peak, was about 5 Mt).
EXPORT_MARKET_MT = 4.0
EXPORT_CAP_MT = 7.5
# Tractors built per unit of machinery investment, scaled by industry^power (tractor
# works came on line from 1930: Stalingrad, Kharkiv, Chelyabinsk), and bought abroad
# per Mt-equivalent of export earnings.
TRACTORS_PER_MACHINERY = 6.5
TRACTOR_SCALE_POWER = 1.0
TRACTORS_PER_EXPORT = 1.2
# Sown area: lost per unit of the state's take above a quarter of the harvest, per unit
# of quota strain; gained where kolkhozes sow the plan (share of kolkhoz households).
SOWN_BURDEN = 0.5
SOWN_STRAIN = 0.6
SOWN_PLAN = 1.15
# NEP recovery: share of the gap to the pre-war yield closed each calm year.
RECOVERY_RATE = 0.25
# Voluntary members leave when quotas take more than the collective can spare.
STRAIN_GAIN = 0.6
# War readiness bought per unit of defence investment (x sqrt of industry/100), and the
# share that becomes obsolete each season.
READINESS_GAIN = 0.021
READINESS_DECAY = 0.04
# Readiness gains close a share of the gap to 1 (game.engine.rules.economy): no amount of
# arms makes it 1.
# Heavy investment builds more with labour from the kolkhozes: at an all-kolkhoz
# countryside, ORGNABOR more (the recruiters' contracts, the dekulakised on the sites).
ORGNABOR = 0.3
# Sown area lost per unit of the private farms' mean tax rate above 10 %: a heavy tax is
# a tax on sowing. Output shares of the strata weight the rate.
SOWN_TAX = 0.5
TAX_OUTPUT_WEIGHT = (0.05, 0.3, 0.5, 0.15)
# Tax evasion: the collected rate is rate x (1 - TAX_EVASION x rate).
TAX_EVASION = 0.8
# Self-managed collectives sell to the market rather than deliver to the state: the share
# of their grain the quota collectors do not reach, at full autonomy.
AUTONOMY_SHIELD = 0.3

# Voluntary collectives: output per unit of cadre density (organisers and agronomists),
# and the share of self-management a full complement of cadres takes over.
CADRE_ORG_VOL = 0.08
CADRE_AUTONOMY = 0.5
# Free riding in a collective that pools everything (a commune): output lost at pooling 1
# (it grows with the square: a TOZ that shares field work loses little).
POOL_FREE_RIDE = 0.1
# Tractors first: the share of the stations' tractors hired out to private farms that a
# full priority moves to the voluntary collectives.
PRIORITY_PULL = 0.5
# Output gained by private farms at full mechanisation by hired tractors (less than a
# collective's 0.42: a hired tractor ploughs, it does not reorganise the farm).
PRIVATE_MECH = 0.1

# Share of the worker-cadres in the field who stay from one season to the next (about
# 40 % of the 25,000ers had completed their terms within two years). With the most a
# region can be sent each season (the cadres lever's top), a region holds at most
# hi / (1 - CADRE_RETENTION) thousand: the regional figure's declared range follows.
CADRE_RETENTION = 0.93
