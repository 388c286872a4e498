"""A small loader with two weaknesses Bandit reports (fdsp's example for `fdsp fix`)."""
import hashlib

import yaml


def load_config(path):
    with open(path) as handle:
        data = yaml.load(handle)
    return data


def fingerprint(text):
    return hashlib.md5(text.encode()).hexdigest()
