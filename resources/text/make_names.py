#!/usr/bin/env python3
"""Writes names_en.tsv, the name lexicon of text de-identification (issue 12), name<TAB>kind with
kind S (family name) or G (given name). Taken from the person provider of Faker as Debian ships it
(package python3-fake-factory, /usr/lib/python3/dist-packages/faker/providers/person/en_US), whose
lists are public-domain US government data: the 1,000 most frequent family names of the 2000 US
Census and the most frequent given names of the Social Security Administration's decade tables
(1960s-1990s). Names that are also common English or clinical words (White, Rice, Hope) are
dropped: in a note they are more often the word. Run from this folder; the output is committed and
embedded at build time."""
import sys

sys.path.insert(0, '/usr/lib/python3/dist-packages')
from faker.providers.person.en_US import Provider  # noqa: E402

# Common English or clinical words among the lists (kept out so that a capitalised word at the start
# of a sentence is not taken for a name).
WORDS = set('''
White Brown Green Black Young King Hill Wood Rose Long Bell Cross Ball Hunt Rice Page Day Little Love Bishop Mills Wells
May Hope Park Price Lane Stone Gay Glass Holiday Knight Sharp Short Strong Hardy Hale Fox Bird Lamb Swan Cook Baker Carpenter
Mason Hunter Fisher Walker Porter Butler Fowler Singer Gardner Farmer Shepherd Potter Weaver Barber Tanner Chandler
Marsh Banks Brooks Fields Woods Waters Rivers Ford Church Chase Frank Grant Mark Bush Berry Graves Foley Parkinson Graham
Norman Miles Wade Grace Joy Faith Summer Winter Spring Autumn Dawn Star Cash Rich Hall Newman Steel Burns Bond Case Head
Cole Gill Lamb Moon Paris Sun Cruz Mayo Rush Stark Lord Pope Sage Salt Best Blank Bright Brave Free Good Gross Hand Heart
Hood Horn Key Lee Light Major Marshall Noble Pace Peck Power Reed Reid Rich Root Ross Rowe Shields Small Snow Street Swift
West North South East Wolf Wall Ware Watts Webb Wise Worth Wright Young Chance Dale Glen Guy Hall Jordan Joy Ray Rod Sky
Sterling Storm Trinity Van Will Bill Don Pat Sue Kelly Carter Tucker Hayes Flowers Hicks Lowe Moss Nash Page Patch Bass
Burke Clay Cobb Dean Drake Flynn Frost Gentry Golden Hamilton Hatch Hawkins Herring Holt Hoover Hurst Keen Lott Lyons Mack
Mann Moody Moore Oliver Pearl Person Pierce Pitts Poole Rhodes Savage Sharpe Sims Skinner Sparks Spears Spencer Stanley
Steele Stout Tate Terry Todd Vance Vaughn Wolfe Bowen Boyd Brady Buck Calderon Camp Cannon Dickerson Dunn Fuller Gamble
Goode Gray Grey Hammond Hardin Hart Holland Hopkins Huff Humphrey Hurley Hyde Jewell Kane Keith Kent Kerr Lang Lynn Manning
Meadows Merritt Monroe Nelson Norris Orr Owen Pena Penn Pruitt Russell Salas Sellers Shaw Sherman Stokes Strickland Walls
Ward Warner Warren Washington Weeks Whitehead Wiley Winters Lindsey Madison Hudson Lincoln Jackson Jefferson Johns Lewis
Dallas Houston Austin Phoenix Orlando Denver Eugene Tyler Troy Sandy Misty Crystal Amber Ruby Holly Ivy Heather Daisy
Charity Destiny Harmony Melody Autumn April June August Christian Angel Rocky Dusty Randy Bobbie Bonnie Candy Cherry
'''.split())

def main():
    rows = {}
    for n in Provider.last_names:
        if n not in WORDS and n.isalpha():
            rows[n] = 'S'
    for n in list(Provider.first_names_male) + list(Provider.first_names_female):
        if n not in WORDS and n.isalpha() and n not in rows:
            rows[n] = 'G'
    with open('names_en.tsv', 'w', encoding='utf-8') as f:
        f.write('# Written by make_names.py from Debian python3-fake-factory (US Census 2000 family names, SSA given names;\n'
                '# public domain). name<TAB>S family name | G given name\n')
        for n in sorted(rows):
            f.write(f'{n}\t{rows[n]}\n')
    print(len(rows), 'names')

if __name__ == '__main__':
    main()
