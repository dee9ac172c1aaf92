"""Sentence embeddings from wordllama's bundled model, loaded once, never downloaded.

The offline scorer must work on machines with no network, so the model is loaded from the
files shipped inside the wordllama package. Point texts are embedded once and cached.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

MODEL_NAME = "wordllama-l2-supercat-256"
_lock = threading.Lock()
_model = None


def get_model() -> Any:  # the wordllama type is not part of our interface
    """Load the model on first use (about 0.2 s), then reuse it for the whole process."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                import wordllama
                from wordllama import WordLlama

                # cache_dir works around a path bug: the package ships tokenizers/ and weights/.
                _model = WordLlama.load(disable_download=True,
                                        cache_dir=Path(wordllama.__file__).parent)
    return _model


def embed(texts: list[str]) -> np.ndarray:
    """Unit-length embeddings, one row per text (zero rows for empty input)."""
    if not texts:
        return np.zeros((0, 256), dtype=np.float32)
    # Similar lengths share a batch, so short sentences are not padded to a long one.
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    vectors = np.asarray(get_model().embed([texts[i] for i in order], norm=True, batch_size=16),
                         dtype=np.float32).reshape(len(texts), -1)
    result = np.empty_like(vectors)
    result[order] = vectors
    return result


@lru_cache(maxsize=4096)
def embed_cached(text: str) -> np.ndarray:
    """Embedding of a text that recurs (rubric points, reference answers)."""
    vector = embed([text])[0]
    vector.setflags(write=False)
    return np.asarray(vector)


_word_cache: dict[str, np.ndarray] = {}


def word_vectors(words: list[str]) -> np.ndarray:
    """Unit vectors of single words: the mean of their wordllama token vectors.

    Used for soft word alignment ("profiled" is close to "profiling", "evaporate" to
    "evaporation"). Cached per word; the cache is capped so a long-running process stays small.
    """
    missing = [w for w in dict.fromkeys(words) if w not in _word_cache]
    if missing:
        model = get_model()
        table = model.embedding
        for word, enc in zip(missing, model.tokenizer.encode_batch(missing,
                                                                   add_special_tokens=False),
                             strict=True):
            # The tokenizer pads a batch to its longest word: keep only real tokens.
            ids = [i for i, real in zip(enc.ids, enc.attention_mask, strict=True)
                   if real and 0 <= i < len(table)]
            vector = np.asarray(table[ids].mean(axis=0) if ids else np.zeros(table.shape[1]),
                                dtype=np.float32)
            norm = float(np.linalg.norm(vector))
            vector = vector / norm if norm else vector
            if len(_word_cache) > 200_000:
                _word_cache.clear()
            _word_cache[word] = vector
    if not words:
        return np.zeros((0, get_model().embedding.shape[1]), dtype=np.float32)
    return np.vstack([_word_cache[w] for w in words])


def cosine_matrix(rows: np.ndarray, other: np.ndarray) -> np.ndarray:
    """Cosine similarities of unit vectors: rows x other."""
    if rows.size == 0 or other.size == 0:
        return np.zeros((len(rows), len(other)), dtype=np.float32)
    product: np.ndarray = rows @ other.T
    return product
