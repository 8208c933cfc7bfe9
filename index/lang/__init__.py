"""The grammar of Swedish minutes: dates, words and their stems, the vocabulary of minutes.

The ground floor: it imports nothing of Paragraf's, so that reading, parsing, storing and answering share one
statement of each rule of the language.
"""
