"""BossNAS HyTra networks (ShiftAddNAS CV), transcribed from GATECH-EIC/ShiftAddNAS
CV/retraining_hybrid/boss_models.py, boss_candidates/resnet_op.py and boss_candidates/bot_op.py.

Encoding ops: 0 Attn (ResAtt), 1 Conv (ResConv), 2 Add (ResAdd), 3 Shift (ResShift). Stage i uses
planes [64,128,256,512][i] (outputs 4x that: 256..2048), heads [1,2,4,8][i] with head dim 64 for
Attn, stride 1 for stage 0, 2 for stages 1-2 and `last_stride` for stage 3 (T1: 1). So stage lists
map to 56x56, 28x28, 14x14 and 7x7 (T1: 14x14) at 224^2 input.
"""
from emit import L, block, res_block, write_trace

CONV_TYPE = {1: "conv2d", 2: "add_conv2d", 3: "shift_conv2d"}
SRC = ("GATECH-EIC/ShiftAddNAS CV/retraining_hybrid (boss_models.py, boss_candidates/resnet_op.py, bot_op.py); "
       "BossNAS HyTra (Li et al., ICCV 2021)")


def shortcut(op, cin, cout, stride):
    """avg_down=True shortcut: AvgPool(2, stride, ceil_mode) + 1x1 conv of the block's kind + BN."""
    if stride == 1 and cin == cout:
        return []
    pool = [L("avgpool", kernel=2, stride=2, ceil_mode=True)] if stride == 2 else []
    if op == 2:  # ResAdd's avg_down shortcut has its 1x1 conv commented out (pool + BN only)
        if cin != cout:
            raise ValueError("ResAdd cannot change channels on its shortcut (reference code)")
        return pool + [L("batchnorm")]
    conv_t = "conv2d" if op == 0 else CONV_TYPE[op]
    return pool + [L(conv_t, out=cout, kernel=1), L("batchnorm")]


def res_conv(op, cin, planes, stride, act, se):
    """ResConv / ResShift / ResAdd: 1x1 -> PEG (3x3 depthwise, carries the stride) -> BN/act -> 3x3 ->
    BN/act -> 1x1 -> BN -> SE; every conv of the block is of the block's kind (SE stays multiply)."""
    t, out = CONV_TYPE[op], planes * 4
    peg_bias = op != 2  # nn.Conv2d / Conv2dShift default bias=True; Adder2D has none
    main = [L(t, out=planes, kernel=1), L(t, depthwise=True, kernel=3, stride=stride, pad=1, bias=peg_bias),
            L("batchnorm"), L(act), L(t, out=planes, kernel=3, pad=1), L("batchnorm"), L(act),
            L(t, out=out, kernel=1), L("batchnorm")]
    if se:
        main.append(L("squeeze_excite", reduced=out // 16))
    return main


def res_att(cin, planes, stride, heads, act):
    """ResAtt (BoTNet MHSA): 1x1 -> PEG (stride) -> BN -> act -> MHSA (qkv 1x1 conv without bias, no
    output projection) -> BN -> act -> 1x1 -> BN."""
    inner = heads * 64
    return [L("conv2d", out=inner, kernel=1), L("conv2d", depthwise=True, kernel=3, stride=stride, pad=1, bias=True),
            L("batchnorm"), L(act), L("self_attention", heads=heads, qkv_dim=inner, bias=False, out_proj=False),
            L("batchnorm"), L(act), L("conv2d", out=planes * 4, kernel=1), L("batchnorm")]


def hytra(name, encoding, last_stride, distilled, act, se, source, notes):
    names = {0: "attn", 1: "conv", 2: "add", 3: "shift"}
    blocks = [block("stem", [L("conv2d", out=64, kernel=7, stride=2, pad=3), L("batchnorm"), L(act),
                             L("maxpool", kernel=3, stride=2, pad=1)])]
    cin = 64
    for si, (planes, ops) in enumerate(zip([64, 128, 256, 512], encoding)):
        stage_stride = 1 if si == 0 else (last_stride if si == 3 else 2)
        for bi, op in enumerate(ops):
            stride = stage_stride if bi == 0 else 1
            main = res_att(cin, planes, stride, [1, 2, 4, 8][si], act) if op == 0 else \
                res_conv(op, cin, planes, stride, act, se)
            blocks.append(res_block(f"stage{si + 1}.{bi}.{names[op]}", main, shortcut(op, cin, planes * 4, stride),
                                    post=[L(act)]))
            cin = planes * 4
    blocks.append(block("pool", [L("avgpool", **{"global": True})]))
    if distilled:
        blocks.append({"name": "heads", "branches": [{"name": "fc", "layers": [L("linear", out=1000)]},
                                                     {"name": "dist_head", "layers": [L("linear", out=1000)]}],
                       "merge": "add"})
    else:
        blocks.append(block("fc", [L("linear", out=1000)]))
    write_trace(OUT_DIR[0], name, [1, 3, 224, 224], blocks, source=source, notes=notes)


OUT_DIR = [None]
T0_ENC = [[1, 1], [1, 1, 1, 1], [3, 1, 0, 2, 2], [0, 0, 1, 0, 0]]


def write_all(out_dir):
    OUT_DIR[0] = out_dir
    common = ("SiLU activations, squeeze-excite (reduction 16, bias) in Conv/Shift/Add blocks, ResNet-D "
              "avg-pool shortcuts. ")
    hytra("shiftaddnas_t0", T0_ENC, 2, True, "silu", True,
          SRC + "; bossnet_T0_mix_v3_distilled",
          "Encoding [[1,1],[1,1,1,1],[3,1,0,2,2],[0,0,1,0,0]] (0 Attn, 1 Conv, 2 Add, 3 Shift) on stages "
          "56x56x256, 28x28x512, 14x14x1024, 7x7x2048 (planes 64..512, expansion 4). " + common +
          "Distilled model (second classifier head), as in the released hw_record.")
    hytra("shiftaddnas_t1", T0_ENC, 1, True, "silu", True,
          SRC + "; bossnet_T1_mix_v3_distilled",
          "Same encoding as T0 with last_stride=1 (boss_models.py bossnet_T1_mix_v3): the last stage "
          "runs at 14x14 instead of 7x7. " + common + "Distilled model (second classifier head).")
    hytra("bossnas_t0", [[1], [1], [1, 1, 1, 0, 1], [0, 0, 0, 1, 0, 0, 0, 0, 0]], 2, False, "silu", True,
          SRC + "; bossnet_T0 (BossNAS-T0 + SE row of the seed table: 38M, 3.5G)",
          "BossNAS-T0 encoding [[1],[1],[1,1,1,0,1],[0,0,0,1,0,0,0,0,0]], all Conv/Attn. " + common)
