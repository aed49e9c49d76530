"""The password policy: at least 10 characters, not the username, not a common or trivially patterned one."""
from tracker.auth.common_passwords import COMMON_PASSWORDS

MIN_PASSWORD_LENGTH = 10
ROWS = ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "abcdefghijklmnopqrstuvwxyz")


def password_problem(password: str, username: str = "") -> str | None:
    """Why `password` is refused (a Chinese sentence), or None when it is acceptable."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"密码至少 {MIN_PASSWORD_LENGTH} 位。"
    lower, name = password.lower(), username.strip().lower()
    if name and (lower == name or lower.startswith(name) and lower[len(name):].isdigit()
                 or lower == name[::-1]):
        return "密码不能是用户名（或用户名加数字）。"
    if lower in COMMON_PASSWORDS or _patterned(lower):
        return "密码过于常见或过于简单（如 1234567890、qwertyuiop、password123），请换一个。"
    return None


def _patterned(lower: str) -> bool:
    """One repeated character or chunk (aaaaaaaaaa, 1212121212), or a run along a keyboard row or the alphabet."""
    for size in range(1, len(lower) // 2 + 1):
        if len(lower) % size == 0 and lower[:size] * (len(lower) // size) == lower:
            return True
    return any(lower in row or lower in row[::-1] for row in ROWS)
