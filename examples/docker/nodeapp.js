var http = require('http');
var express = require('express');
var router = express.Router();

router.get('/', function(req, res, next) {
  res.send(`response from ${req.socket.localAddress}:${req.socket.localPort}`);
});

var app = express();
app.use('/', router);

// catch 404 and forward to error handler
app.use(function(req, res, next) {
  res.status(404).send('Not found');
});

var port = process.env.PORT || '3000';
var server = http.createServer(app);
server.listen(port);
