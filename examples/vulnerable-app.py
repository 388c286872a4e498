"""A small Flask service with the kinds of weaknesses LLM-written code often has (fdsp's bundled example)."""
import hashlib
import pickle
import sqlite3
import subprocess

from flask import Flask, request

app = Flask(__name__)
DB_PASSWORD = "hunter2"


@app.route("/user")
def get_user():
    name = request.args.get("name", "")
    connection = sqlite3.connect("users.db")
    query = "SELECT id, email FROM users WHERE name = '%s'" % name
    return str(connection.execute(query).fetchall())


@app.route("/ping")
def ping():
    host = request.args.get("host", "localhost")
    return subprocess.check_output("ping -c 1 " + host, shell=True)


@app.route("/session", methods=["POST"])
def load_session():
    return str(pickle.loads(request.data))


def hash_password(password):
    return hashlib.md5(password.encode()).hexdigest()


if __name__ == "__main__":
    app.run(host="0.0.0.0", debug=True)
