// Opening lines the rule examples share, so each example shows only the code that matters to its rule.
export const flaskPrelude =
  'from flask import Flask, request, redirect, make_response, Response\napp = Flask(__name__)\n';
export const flaskFilesPrelude = 'from flask import Flask, request, send_file, abort\napp = Flask(__name__)\n';
