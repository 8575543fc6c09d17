# Words every message uses: dates, counts.

## Dates: "1 December 2026".
date = { $day } { $month } { $year }
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December
## A month in a sentence: "March 2027".
month-of-year = { $month } { $year }

## Counts.
credits =
    { $count ->
        [one] { $count } credit
       *[other] { $count } credits
    }

## Durations.
seconds =
    { $seconds ->
        [one] { $seconds } second
       *[other] { $seconds } seconds
    }
minutes =
    { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }
