#pragma once
// Task metrics: classification accuracy (Fashion-MNIST) and the copy-input BLEU baseline
// for the FreeDict phrase task (BLEU itself is in bleu.h).
#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "models/data/bleu.h"
#include "models/data/phrase_dataset.h"

namespace shiftadd::data {

// Fraction of predictions equal to the labels, in [0, 1]. Throws InputError on a size
// mismatch or empty input.
double accuracy(const std::vector<int32_t>& predictions, const std::vector<int32_t>& labels);

// Row-wise argmax (first maximum on ties) of an N x C score matrix.
std::vector<int32_t> argmax_rows(const Eigen::Ref<const Eigen::MatrixXf>& scores);

// accuracy(argmax_rows(logits), labels).
double accuracy_from_logits(const Eigen::Ref<const Eigen::MatrixXf>& logits,
                            const std::vector<int32_t>& labels);

// Corpus BLEU of `hyps` against every reference of each group (multi-reference).
BleuScore phrase_bleu(const std::vector<std::string>& hyps, const std::vector<PhraseGroup>& groups);

// The baseline a translation model must beat: the English source copied unchanged as the
// translation, scored with all references of each group.
BleuScore copy_input_bleu(const std::vector<PhraseGroup>& groups);

}  // namespace shiftadd::data
