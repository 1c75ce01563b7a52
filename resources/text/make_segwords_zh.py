#!/usr/bin/env python3
"""Writes segwords_zh.tsv: the general Chinese word list the entity finder segments a sentence
with before it accepts a lexicon term (issue 13), word<TAB>frequency. It is taken from jieba's
dictionary (Debian package python3-jieba, /usr/lib/python3/dist-packages/jieba/dict.txt,
Copyright 2012-2017 Sun Junyi, licence Expat/MIT, which allows shipping it): words of one to
five CJK characters seen at least MIN_FREQ times. Run from this folder; the output is committed
and embedded at build time."""
import sys

SOURCE = '/usr/lib/python3/dist-packages/jieba/dict.txt'
MIN_FREQ = 10

def cjk(w):
    return all('\u4e00' <= c <= '\u9fff' for c in w)

def main():
    rows = []
    with open(SOURCE, encoding='utf-8') as f:
        for line in f:
            parts = line.split()
            if len(parts) < 2:
                continue
            w, freq = parts[0], int(parts[1])
            if 1 <= len(w) <= 5 and freq >= MIN_FREQ and cjk(w):
                rows.append((w, freq))
    rows.sort()
    with open('segwords_zh.tsv', 'w', encoding='utf-8') as out:
        out.write('# General Chinese words for segmentation, from jieba\'s dict.txt (python3-jieba 0.42.1,\n')
        out.write('# Copyright 2012-2017 Sun Junyi, Expat/MIT licence); written by make_segwords_zh.py.\n')
        for w, freq in rows:
            out.write(f'{w}\t{freq}\n')
    print(len(rows), 'words', file=sys.stderr)

if __name__ == '__main__':
    main()
