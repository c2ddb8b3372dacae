"""The lesson pictures: file formats and sizes, the figure's geometry, determinism and caching."""

from __future__ import annotations

import math
import re
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageSequence

from bot.media import figure_cache
from bot.media.figure import (
    CHAIR_HEIGHT,
    CHAIR_RAIL,
    FOREARM,
    HEAD_RADIUS,
    POSES,
    UPPER_ARM,
    Leg,
    Pose,
    Skeleton,
    blend,
    interior_angle,
    leg_angles,
    skeleton,
)
from bot.media.figure_boards import BOARDS, NOTE, FrontScene
from bot.media.figure_cache import (
    ANIMATION_NAME,
    ANIMATIONS,
    PICTURE_NAMES,
    PictureCache,
    encode_picture,
    picture_hash,
)
from bot.media.figure_draw import (
    GHOST,
    HAND_RADIUS,
    LEG_WIDTH,
    SHIRT,
    STANDING_LEG,
    STEPPING_LEG,
    TRUNK_WIDTH,
    Colour,
)
from bot.media.figure_drills import CAT, COW, FIGURE_FOUR, PIGEON, Drill, drill_skeleton
from bot.media.figure_front import front_joints
from bot.media.figure_motion import FRAME_MS, PHASES, animation_poses
from bot.media.figure_scenes import CHAIR, CUE_RED, LEGEND_PAPER, SCENES, Scene

STILLS = tuple(name for name in PICTURE_NAMES if name not in ANIMATIONS)
MISTAKES = tuple(name for name in STILLS if name.startswith("mistake_"))
# Poses in which the ball of the back foot rests on the floor.
PLANTED = ("step_back", "step_back_supported", "bottom", "bottom_supported", "bottom_shallow")
PLANTED += MISTAKES
SUPPORTED = tuple(name for name in POSES if name.endswith("_supported"))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every picture rendered once into a fresh cache directory."""
    return PictureCache(tmp_path_factory.mktemp("pictures")).render_all()


def _knee_angle(leg: Leg) -> float:
    return interior_angle(leg.hip, leg.knee, leg.ankle)


def _tilt_from_vertical(low: tuple[float, float], high: tuple[float, float]) -> float:
    return abs(math.degrees(math.atan2(high[0] - low[0], high[1] - low[1])))


def _count_near(image: Image.Image, colour: Colour, tolerance: int = 8) -> int:
    pixels = np.asarray(image.convert("RGB"), dtype=np.int16)
    distance = np.abs(pixels - np.array(colour, dtype=np.int16)).max(axis=2)
    return int((distance <= tolerance).sum())


def test_picture_names_cover_every_still_and_the_animation() -> None:
    """PICTURE_NAMES lists each pose picture the lesson asks for, plus "lunge"."""
    wanted = {"stand", "step_back", "bottom", "return", "bottom_shallow"}
    wanted |= {"stand_supported", "step_back_supported", "bottom_supported"}
    wanted |= {"mistake_knee", "mistake_posture", "mistake_step", "lunge", "lunge_supported"}
    wanted |= {"warmup", "warmup_supported", "cooldown", "cooldown_gentle"}
    assert set(PICTURE_NAMES) == wanted
    assert len(PICTURE_NAMES) == len(set(PICTURE_NAMES))


@pytest.mark.parametrize("name", STILLS)
def test_still_is_an_800px_png_small_enough_for_telegram(
    rendered: dict[str, Path], name: str
) -> None:
    """Each still is an 800x800 PNG named <name>-<hash8>.png, between 5 KB and 1 MB."""
    path = rendered[name]
    assert re.fullmatch(rf"{name}-[0-9a-f]{{8}}\.png", path.name)
    with Image.open(path) as image:
        assert image.format == "PNG"
        assert image.size == (800, 800)
    assert 5_000 < path.stat().st_size < 1_000_000


@pytest.mark.parametrize("name", list(ANIMATIONS))
def test_animation_is_a_small_looping_gif(rendered: dict[str, Path], name: str) -> None:
    """The GIF is 480x480, loops forever, is well under Telegram's limits (< 500 KB) and
    has one frame per FRAME_MS of movement, plus the held ones."""
    path = rendered[name]
    assert re.fullmatch(rf"{name}-[0-9a-f]{{8}}\.gif", path.name)
    assert path.stat().st_size < 500_000
    with Image.open(path) as gif:
        assert gif.format == "GIF"
        assert gif.size == (480, 480)
        assert gif.info["loop"] == 0
        durations = [frame.info["duration"] for frame in ImageSequence.Iterator(gif)]
    assert len(durations) == sum(phase.frames for phase in PHASES)
    assert set(durations[1:]) - {phase.hold_ms + FRAME_MS for phase in PHASES} == {FRAME_MS}


@pytest.mark.parametrize("name", list(ANIMATIONS))
def test_animation_moves_with_control(rendered: dict[str, Path], name: str) -> None:
    """One rep takes about 3 s of movement: about 2 s down and 1 s up, with a short hold
    (under half a second) standing tall and at the bottom; 3-4 s in all."""
    with Image.open(rendered[name]) as gif:
        durations = [frame.info["duration"] for frame in ImageSequence.Iterator(gif)]
    down, up = PHASES
    assert skeleton(down.keys[-1]) == skeleton(POSES["bottom"]) == skeleton(up.keys[0])
    down_ms = sum(durations[: down.frames])
    up_ms = sum(durations[down.frames :])
    assert 100 <= down.hold_ms <= 500
    assert 100 <= up.hold_ms <= 500
    assert 1800 <= down_ms - down.hold_ms <= 2200
    assert 900 <= up_ms - up.hold_ms <= 1100
    assert 3000 <= sum(durations) <= 4000
    assert durations[0] == down.hold_ms + FRAME_MS
    assert durations[down.frames] == up.hold_ms + FRAME_MS


def test_bottom_position_geometry() -> None:
    """`bottom`: knees ~90 deg, back knee just off the floor, front shin plumb, trunk upright."""
    skel = skeleton(POSES["bottom"])
    assert _knee_angle(skel.front) == pytest.approx(90, abs=3)
    assert _knee_angle(skel.back) == pytest.approx(90, abs=3)
    knee_clearance = skel.back.knee[1] - LEG_WIDTH / 2
    assert 0.02 < knee_clearance < 0.08
    assert _tilt_from_vertical(skel.front.ankle, skel.front.knee) < 3
    assert abs(skel.front.knee[1] - skel.hip[1]) < 0.02
    assert _tilt_from_vertical(skel.hip, skel.shoulder) < 3
    assert skel.back.ball[1] == pytest.approx(0, abs=0.01)
    assert skel.back.heel[1] > 0.1  # on the ball of the back foot


def test_shallow_variant_bends_the_knees_less() -> None:
    """`bottom_shallow` keeps both knees around 120-130 degrees."""
    skel = skeleton(POSES["bottom_shallow"])
    assert 118 < _knee_angle(skel.front) < 132
    assert 118 < _knee_angle(skel.back) < 132


@pytest.mark.parametrize("name", list(POSES))
def test_feet_rest_on_the_floor(name: str) -> None:
    """The front foot is flat on the floor, no foot sinks below it, planted back feet touch it."""
    skel = skeleton(POSES[name])
    assert skel.front.heel[1] == pytest.approx(0, abs=0.005)
    assert skel.front.lowest == pytest.approx(0, abs=0.005)
    assert skel.back.lowest > -0.005
    if name in PLANTED:
        assert skel.back.lowest < 0.01


def _knee_bends_forward(skel: Skeleton) -> bool:
    for leg in (skel.front, skel.back):
        hip_to_ankle = (leg.ankle[0] - leg.hip[0], leg.ankle[1] - leg.hip[1])
        hip_to_knee = (leg.knee[0] - leg.hip[0], leg.knee[1] - leg.hip[1])
        cross = hip_to_ankle[0] * hip_to_knee[1] - hip_to_ankle[1] * hip_to_knee[0]
        if cross < -1e-9:
            return False
    return True


@pytest.mark.parametrize("name", list(POSES))
def test_knees_bend_the_natural_way(name: str) -> None:
    """Every knee sits on the forward side of its hip-ankle line (never bent backwards)."""
    assert _knee_bends_forward(skeleton(POSES[name]))


@pytest.mark.parametrize("chair", [False, True])
def test_animation_frames_keep_feet_on_the_floor(chair: bool) -> None:
    """In every animation frame the knees bend the right way and no foot sinks into the floor."""
    for pose, duration in animation_poses(chair=chair):
        skel = skeleton(pose)
        assert duration > 0
        assert _knee_bends_forward(skel)
        assert skel.front.lowest == pytest.approx(0, abs=0.005)
        assert skel.back.lowest > -0.002
        assert skel.back.knee[1] > LEG_WIDTH / 2 + 0.02


def test_mistakes_show_the_fault_they_name() -> None:
    """Knee past the toes, trunk tipped forward, step much longer than the good one."""
    good = skeleton(POSES["bottom"])
    knee = skeleton(POSES["mistake_knee"])
    assert knee.front.knee[0] > knee.front.toe[0] + 0.05
    posture = skeleton(POSES["mistake_posture"])
    assert _tilt_from_vertical(posture.hip, posture.shoulder) > 25
    step = skeleton(POSES["mistake_step"])
    assert -step.back.ball[0] > -good.back.ball[0] + 0.25


@pytest.mark.parametrize("name", STILLS)
def test_both_leg_colours_are_visible(rendered: dict[str, Path], name: str) -> None:
    """Each still shows the stepping leg's colour and the standing leg's colour."""
    with Image.open(rendered[name]) as image:
        assert _count_near(image, STEPPING_LEG) > 1_000
        assert _count_near(image, STANDING_LEG) > 1_000


@pytest.mark.parametrize("name", STILLS)
def test_red_cue_only_on_mistakes(rendered: dict[str, Path], name: str) -> None:
    """Mistake pictures carry a red cue and a ghosted correct pose; the others have neither."""
    with Image.open(rendered[name]) as image:
        red = _count_near(image, CUE_RED)
    if name in MISTAKES:
        assert red > 500
        if name in SCENES:
            assert SCENES[name].ghost == POSES["bottom"]
        else:
            assert BOARDS[name].mistake
    else:
        assert red == 0
        assert name not in SCENES or SCENES[name].ghost is None
        assert name not in BOARDS or not BOARDS[name].mistake


def test_knee_mistake_shows_the_front_and_the_side() -> None:
    """The knee-alignment picture has a front view (knee caving in towards the middle, off the
    line over the second toe, over a grey knee on that line) and a side view (knee past the
    toes, over the grey correct pose)."""
    front, side = (panel.shows for panel in BOARDS["mistake_knee"].rows[0].panels)
    assert isinstance(front, FrontScene)
    assert isinstance(side, Scene)
    assert front.correct is not None
    wrong, right = front_joints(front.view), front_joints(front.correct)
    toe = right.second_toe[0]
    assert right.front_knee[0] == pytest.approx(toe, abs=0.005)  # over the second toe
    assert toe - wrong.front_knee[0] > 0.07  # caved in, towards the body's middle (z = 0)
    assert 0 <= wrong.front_knee[0] < wrong.front_ankle[0]
    assert wrong.front_knee[1] == pytest.approx(right.front_knee[1])
    assert right.front_ankle == wrong.front_ankle  # the foot does not move
    assert wrong.back_knee[0] < 0 < wrong.front_ankle[0]  # the legs on their own tracks
    assert side.pose == POSES["mistake_knee"]
    assert side.ghost == POSES["bottom"]


def test_animation_shows_the_stepping_leg(rendered: dict[str, Path]) -> None:
    """The GIF frames contain the stepping leg's colour."""
    with Image.open(rendered[ANIMATION_NAME]) as gif:
        gif.seek(sum(1 for _ in ImageSequence.Iterator(gif)) // 2)
        assert _count_near(gif, STEPPING_LEG, tolerance=16) > 300


@pytest.mark.parametrize("name", ["bottom", "mistake_knee", ANIMATION_NAME])
def test_rendering_is_deterministic(rendered: dict[str, Path], name: str) -> None:
    """Drawing a picture again gives byte-identical output (so content hashes are stable)."""
    assert encode_picture(name) == rendered[name].read_bytes()


def test_second_request_reuses_the_file(tmp_path: Path) -> None:
    """path_for renders once; later calls, and a new cache on the same folder, reuse the file."""
    cache = PictureCache(tmp_path)
    first = cache.path_for("bottom")
    stamp = first.stat().st_mtime_ns
    assert cache.path_for("bottom") == first
    assert cache.renders == 1
    again = PictureCache(tmp_path)
    assert again.path_for("bottom") == first
    assert again.renders == 0
    assert first.stat().st_mtime_ns == stamp


def test_writes_leave_no_temporary_files(tmp_path: Path) -> None:
    """After rendering, the folder holds exactly the pictures (temp files were renamed away)."""
    cache = PictureCache(tmp_path / "nested")
    paths = [cache.path_for("stand"), cache.path_for(ANIMATION_NAME)]
    assert sorted((tmp_path / "nested").iterdir()) == sorted(paths)


def test_render_version_changes_the_file_name(monkeypatch: pytest.MonkeyPatch) -> None:
    """Bumping RENDER_VERSION gives every picture a new hash, so stale files are not reused."""
    before = {name: picture_hash(name) for name in PICTURE_NAMES}
    monkeypatch.setattr(figure_cache, "RENDER_VERSION", figure_cache.RENDER_VERSION + 1)
    after = {name: picture_hash(name) for name in PICTURE_NAMES}
    assert all(before[name] != after[name] for name in PICTURE_NAMES)
    assert len(set(before.values())) == len(PICTURE_NAMES)


def test_unknown_picture_is_a_key_error(tmp_path: Path) -> None:
    """Asking for a picture that does not exist raises KeyError and writes nothing."""
    with pytest.raises(KeyError, match="no picture named"):
        PictureCache(tmp_path).path_for("plank")
    assert list(tmp_path.iterdir()) == []


def test_blend_and_inverse_kinematics_agree_with_the_poses() -> None:
    """blend() hits its end poses, and leg_angles() recovers the angles skeleton() used."""
    stand, bottom = POSES["stand"], POSES["bottom"]
    assert blend(stand, bottom, 0.0) == stand
    assert blend(stand, bottom, 1.0) == bottom
    skel = skeleton(bottom)
    thigh, knee = leg_angles(skel.back.hip, skel.back.ankle)
    assert thigh == pytest.approx(bottom.back_hip, abs=1e-6)
    assert knee == pytest.approx(bottom.back_knee, abs=1e-6)
    assert isinstance(blend(stand, bottom, 0.5), Pose)


def _behind_trunk(skel: Skeleton, point: tuple[float, float]) -> float:
    """How far `point` is behind the trunk line (hip to shoulder), in metres; < 0 = in front."""
    hx, hy = skel.hip
    ux, uy = skel.shoulder[0] - hx, skel.shoulder[1] - hy
    length = math.hypot(ux, uy)
    return ((point[0] - hx) * uy - (point[1] - hy) * ux) / -length


def _on_hip(pose: Pose, side: str) -> bool:
    return getattr(pose, f"{side}_shoulder") < 0 and getattr(pose, f"{side}_elbow") < 150


# Every arm on a hip: both in most poses, the near one where the far hand holds the chair.
HANDS_ON_HIPS = [
    (name, side)
    for name, pose in POSES.items()
    for side in ("near", "far")
    if _on_hip(pose, side) and not (side == "far" and name in SUPPORTED)
]


def test_some_poses_have_hands_on_hips() -> None:
    """The hands-on-hips arms are used by the lunge positions and the mistakes, and the near
    hand stays on the hip in the supported ones."""
    names = {name for name, _ in HANDS_ON_HIPS}
    assert {"stand", "bottom", "return", "mistake_posture", "bottom_supported"} <= names


@pytest.mark.parametrize(("name", "side"), HANDS_ON_HIPS)
def test_hands_on_hips_keep_the_elbows_near_the_back(name: str, side: str) -> None:
    """Elbows out to the side: seen side-on, the elbow is at most a hand's width behind the
    back, the forearm slants forward to a hand at the side of the hip, a little above it."""
    skel = skeleton(POSES[name])
    arm = skel.near_arm if side == "near" else skel.far_arm
    back = TRUNK_WIDTH / 2
    assert _behind_trunk(skel, arm.elbow) < back + 0.05
    assert abs(_behind_trunk(skel, arm.hand)) < back
    assert 0.04 < math.dist(skel.hip, arm.hand) < 0.16
    assert _behind_trunk(skel, arm.elbow) > _behind_trunk(skel, arm.hand)


def _on_the_rail(hand: tuple[float, float]) -> bool:
    """The hand rests on the chair's top rail: over it, touching its top."""
    left, right = CHAIR_RAIL
    return left < hand[0] < right and abs(hand[1] - HAND_RADIUS - CHAIR_HEIGHT) < 0.02


@pytest.mark.parametrize("name", SUPPORTED)
def test_supported_hand_rests_on_the_chair_beside_the_figure(name: str) -> None:
    """The far hand touches the chair's top rail, at hip height or below the shoulder, a little
    ahead of the shoulder (not reaching: the elbow is bent), and the near hand stays on the hip.
    The rest of the body is the unsupported pose's."""
    skel = skeleton(POSES[name])
    hand = skel.far_arm.hand
    assert _on_the_rail(hand)
    assert 0.0 < hand[0] - skel.shoulder[0] < 0.35
    assert hand[1] < skel.shoulder[1] - 0.1
    assert interior_angle(skel.far_arm.shoulder, skel.far_arm.elbow, hand) < 172
    assert math.dist(skel.shoulder, hand) < 0.9 * (UPPER_ARM + FOREARM)
    plain = POSES[name.removesuffix("_supported")]
    assert replace(POSES[name], far_shoulder=0, far_elbow=0, far_spread=0) == replace(
        plain, far_shoulder=0, far_elbow=0, far_spread=0
    )
    assert skel.near_arm == skeleton(plain).near_arm


def test_supported_animation_keeps_the_hand_on_the_chair() -> None:
    """In every frame of the supported rep, the far hand rests on the chair rail."""
    for pose, _ in animation_poses(chair=True):
        assert _on_the_rail(skeleton(pose).far_arm.hand)


@pytest.mark.parametrize("name", [*SUPPORTED, "lunge_supported"])
def test_supported_pictures_show_the_chair(rendered: dict[str, Path], name: str) -> None:
    """The supported pictures show the chair; the plain ones do not."""
    for picture, chair in ((name, True), (name.removesuffix("_supported"), False)):
        with Image.open(rendered[picture]) as image:
            image.seek(0)
            seen = _count_near(image.convert("RGB"), CHAIR, tolerance=6)
        assert (seen > 2_000) == chair, picture


@pytest.mark.parametrize("name", STILLS)
def test_mistakes_carry_a_legend(rendered: dict[str, Path], name: str) -> None:
    """Mistake pictures have a key in the top left corner: a pale panel holding a grey swatch
    (the correct pose), a shirt-coloured one (the mistake) and red ink; other pictures have
    none of it there."""
    with Image.open(rendered[name]) as image:
        corner = image.convert("RGB").crop((0, 0, 300, 160))
    paper = _count_near(corner, LEGEND_PAPER, tolerance=2)
    if name in MISTAKES:
        assert paper > 10_000
        assert _count_near(corner, GHOST, tolerance=4) > 500
        assert _count_near(corner, SHIRT, tolerance=4) > 500
        assert _count_near(corner, CUE_RED, tolerance=40) > 100
    else:
        assert paper < 500  # no key (a few light pixels of a drawing at most)


def _lowest(skel: Skeleton) -> float:
    return min(
        skel.head[1] - HEAD_RADIUS,
        *(arm.hand[1] - HAND_RADIUS for arm in (skel.near_arm, skel.far_arm)),
        *(leg.knee[1] - LEG_WIDTH / 2 for leg in (skel.front, skel.back)),
        *(p[1] for leg in (skel.front, skel.back) for p in (leg.heel, leg.ball, leg.toe)),
    )


def _drills(name: str) -> list[Drill]:
    return [
        panel.shows
        for row in BOARDS[name].rows
        for panel in row.panels
        if isinstance(panel.shows, Drill)
    ]


@pytest.mark.parametrize("name", ["cooldown", "cooldown_gentle"])
def test_floor_stretches_rest_on_the_floor(name: str) -> None:
    """Every cool-down figure lies, kneels or sits on the floor without sinking into it."""
    for drill in _drills(name):
        skel = drill_skeleton(drill)
        assert drill.floor
        assert _lowest(skel) > -0.035
        assert skel.hip[1] < 0.7  # down on the floor, not standing


def test_cat_and_cow_are_on_hands_and_knees() -> None:
    """Cat: back rounded up, head dropped below the shoulders; cow: back sagging, head up.
    Both: hands and knees on the floor, hands ahead of the knees."""
    for pose, arched in ((CAT, True), (COW, False)):
        skel = drill_skeleton(Drill(pose, floor=True))
        for arm in (skel.near_arm, skel.far_arm):
            assert arm.hand[1] - HAND_RADIUS == pytest.approx(0, abs=0.03)
            assert arm.hand[0] > skel.front.knee[0] + 0.4
        for leg in (skel.front, skel.back):
            assert leg.knee[1] < 0.06
        middle = ((skel.hip[0] + skel.shoulder[0]) / 2, (skel.hip[1] + skel.shoulder[1]) / 2)
        if arched:
            assert skel.spine[1] > middle[1] + 0.05
            assert skel.head[1] < skel.shoulder[1]
        else:
            assert skel.spine[1] < middle[1] - 0.03
            assert skel.head[1] > skel.shoulder[1] + 0.1


def test_pigeon_and_figure_four() -> None:
    """Pigeon: trunk upright over the hips, the near knee forward, the far leg long behind.
    Figure-four: lying on the back, the far foot flat, the near ankle on the far knee."""
    pigeon = drill_skeleton(Drill(PIGEON, floor=True))
    assert _tilt_from_vertical(pigeon.hip, pigeon.shoulder) < 10
    assert pigeon.back.knee[0] > pigeon.hip[0] + 0.3
    assert pigeon.front.ankle[0] < pigeon.hip[0] - 0.6
    four = drill_skeleton(Drill(FIGURE_FOUR, floor=True))
    assert abs(four.shoulder[1] - four.hip[1]) < 0.05  # lying down
    assert four.front.heel[1] == pytest.approx(four.front.ball[1], abs=0.02)  # foot flat
    assert math.dist(four.back.ankle, four.front.knee) < 0.1


def test_cooldown_pictures_show_the_hold_times(rendered: dict[str, Path]) -> None:
    """The cool-down boards carry their hold times and counts (words in the accent colour),
    pigeon pose in one, the figure-four in the other; the warm-up shows its 5-10 minutes."""
    for name in ("cooldown", "cooldown_gentle", "warmup"):
        notes = [p.note for row in BOARDS[name].rows for p in row.panels] + [
            row.note for row in BOARDS[name].rows
        ]
        with Image.open(rendered[name]) as image:
            assert _count_near(image, NOTE, tolerance=10) > 800, name
        if name == "warmup":
            assert "5-10 min" in notes
        else:
            assert "5-10 slow rounds" in notes
            assert "hold 20-30 s each side" in notes
    assert {type(d.pose) for d in _drills("cooldown")} == {Pose}
    assert PIGEON in [d.pose for d in _drills("cooldown")]
    assert FIGURE_FOUR in [d.pose for d in _drills("cooldown_gentle")]
    assert PIGEON not in [d.pose for d in _drills("cooldown_gentle")]


def test_warmup_shows_marching_and_leg_swings() -> None:
    """Marching: the near knee up at about hip height, arms swinging opposite; leg swings: the
    near leg swung forward with its back end faded, a hand on the chair. The supported warm-up
    holds the chair for the marching too."""
    for name, march_holds in (("warmup", False), ("warmup_supported", True)):
        march, swing = _drills(name)
        skel = drill_skeleton(march)
        assert skel.back.knee[1] > skel.hip[1] - 0.2
        assert skel.back.knee[0] > skel.hip[0] + 0.3
        assert march.chair == march_holds
        assert _on_the_rail(skel.far_arm.hand) == march_holds
        assert swing.chair
        assert swing.echo is not None
        swung = drill_skeleton(swing)
        assert swung.back.ankle[0] > swung.hip[0] + 0.3
        assert drill_skeleton(swing, swing.echo).back.ankle[0] < swung.hip[0] - 0.2
        assert _on_the_rail(swung.far_arm.hand)
