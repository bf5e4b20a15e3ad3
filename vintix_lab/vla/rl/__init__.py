"""RL fine-tuning of the VLA in rsl_rl's layers: `config` (settings) -> `storage` (rollouts, advantages) -> `algorithm`
(actor-critic, PPO/GRPO update, weight average) -> `runner` (training loop, checkpoints, evaluation, torchrun).

Written by hand (not exported from a notebook): it only re-exports the public names of the four layers, each of which is
defined in exactly one of them (notebooks `nbs/vla/06_rl_config` to `09_rl_runner`)."""
from . import algorithm, config, runner, storage
from .config import *  # noqa: F401,F403 -- each layer's __all__ lists its public names
from .storage import *  # noqa: F401,F403
from .algorithm import *  # noqa: F401,F403
from .runner import *  # noqa: F401,F403

__all__ = config.__all__ + storage.__all__ + algorithm.__all__ + runner.__all__
