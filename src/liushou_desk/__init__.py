"""留守儿童关爱档案 (liushou-desk): a head teacher's archive of the class's left-behind children."""

__version__ = "0.1.0"
APP_NAME = "liushou-desk"
APP_TITLE = "留守儿童关爱档案"
