# Les mots de tous les messages : dates, quantités.

## Dates : « 1er décembre 2026 ».
date =
    { $day ->
        [1] 1er
       *[other] { $day }
    } { $month } { $year }
month-1 = janvier
month-2 = février
month-3 = mars
month-4 = avril
month-5 = mai
month-6 = juin
month-7 = juillet
month-8 = août
month-9 = septembre
month-10 = octobre
month-11 = novembre
month-12 = décembre
## Un mois dans une phrase : « mars 2027 ».
month-of-year = { $month } { $year }

## Quantités.
credits =
    { $count ->
        [one] { $count } crédit
       *[other] { $count } crédits
    }

## Durées.
seconds =
    { $seconds ->
        [one] { $seconds } seconde
       *[other] { $seconds } secondes
    }
minutes =
    { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }
