"""The rules, one module per subject; game.engine.turn applies them in the order of the
farming year.

    membership    who farms in which form: joining, the forced drive, exits, deportation
    productivity  how productive each farm form is, and what a household earns in it
    herds         livestock: slaughter on joining, confiscation, growth, neglect, fodder
    harvest       weather, sowing and the harvest
    information   what the centre can verify: report inflation, cadres' reach, reliable regions
    procurement   what the state takes, by quota or purchase, and exports
    food          the cities' food, relief, trade between regions, rationing, hunger, famine
    population    natural growth, famine deaths, flight to the cities
    economy       industry, investment, tractors, consumer goods, readiness
    society       trust, unrest, revolt, cadres in the field, the Party's factions
    world         the red scare, Germany, collective security, the war
"""
