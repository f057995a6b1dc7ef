import nn


class PerceptronModel(object):
    def __init__(self, dimensions):
        self.w = nn.Parameter(1, dimensions)

    def get_weights(self):
        return self.w

    def run(self, x):
        return nn.DotProduct(x, self.w)

    def get_prediction(self, x):
        return 1 if nn.as_scalar(nn.DotProduct(x, self.w)) >= 0 else -1

    def train(self, dataset):
        cambio = True
        while cambio:
            cambio = False
            for x, y in dataset.iterate_once(1):
                etiqueta = nn.as_scalar(y)
                if self.get_prediction(x) == etiqueta:
                    continue
                nn.Parameter.update(self.w, x, etiqueta)
                cambio = True


class RegressionModel(object):
    def __init__(self):
        self.peso_uno = nn.Parameter(1, 25)
        self.sesgo_uno = nn.Parameter(1, 25)
        self.peso_dos = nn.Parameter(25, 25)
        self.sesgo_dos = nn.Parameter(1, 25)
        self.peso_extra = nn.Parameter(25, 25)
        self.sesgo_extra = nn.Parameter(1, 25)
        self.peso_fin = nn.Parameter(25, 1)
        self.sesgo_fin = nn.Parameter(1, 1)

    def run(self, x):
        a = nn.ReLU(nn.AddBias(nn.Linear(x, self.peso_uno), self.sesgo_uno))
        b = nn.ReLU(nn.AddBias(nn.Linear(a, self.peso_dos), self.sesgo_dos))
        m = nn.ReLU(nn.AddBias(nn.Linear(b, self.peso_extra), self.sesgo_extra))
        return nn.AddBias(nn.Linear(m, self.peso_fin), self.sesgo_fin)

    def get_loss(self, x, y):
        return nn.SquareLoss(self.run(x), y)

    def train(self, dataset):
        todos = [self.peso_uno, self.sesgo_uno, self.peso_dos, self.sesgo_dos, self.peso_extra, self.sesgo_extra, self.peso_fin, self.sesgo_fin]
        vueltas = 0
        for x, y in dataset.iterate_forever(len(dataset.x)):
            loss = self.get_loss(x, y)
            if nn.as_scalar(loss) <= 0.004 or vueltas == 50000:
                break
            grads = nn.gradients(loss, todos)
            for k in range(len(todos)):
                todos[k].update(grads[k], -0.15)
            vueltas += 1


class DigitClassificationModel(object):
    def __init__(self):
        self.peso_uno = nn.Parameter(784, 220)
        self.sesgo_uno = nn.Parameter(1, 220)
        self.peso_dos = nn.Parameter(220, 10)
        self.sesgo_dos = nn.Parameter(1, 10)

    def run(self, x):
        a = nn.ReLU(nn.AddBias(nn.Linear(x, self.peso_uno), self.sesgo_uno))
        return nn.AddBias(nn.Linear(a, self.peso_dos), self.sesgo_dos)

    def get_loss(self, x, y):
        return nn.SoftmaxLoss(self.run(x), y)

    def train(self, dataset):
        todos = [self.peso_uno, self.sesgo_uno, self.peso_dos, self.sesgo_dos]
        vistos = 0
        for x, y in dataset.iterate_forever(60):
            grads = nn.gradients(self.get_loss(x, y), todos)
            for k in range(len(todos)):
                todos[k].update(grads[k], -0.25)
            vistos += 60
            if vistos % 30000 == 0 and dataset.get_validation_accuracy() >= 0.977:
                break


class LanguageIDModel(object):
    def __init__(self):
        self.num_chars = 47
        self.languages = ["English", "Spanish", "Finnish", "Dutch", "Polish"]
        # two recurrent layers, one on top of the other
        self.entrada1 = nn.Parameter(self.num_chars, 120)
        self.rec1 = nn.Parameter(120, 120)
        self.c1 = nn.Parameter(1, 120)
        self.entrada2 = nn.Parameter(120, 120)
        self.rec2 = nn.Parameter(120, 120)
        self.c2 = nn.Parameter(1, 120)
        self.salida = nn.Parameter(120, 5)
        self.sesgo_salida = nn.Parameter(1, 5)

    def run(self, xs):
        abajo = arriba = None
        for x in xs:
            z1 = nn.Linear(x, self.entrada1)
            if abajo is not None:
                z1 = nn.Add(z1, nn.Linear(abajo, self.rec1))
            abajo = nn.ReLU(nn.AddBias(z1, self.c1))
            z2 = nn.Linear(abajo, self.entrada2)
            if arriba is not None:
                z2 = nn.Add(z2, nn.Linear(arriba, self.rec2))
            arriba = nn.ReLU(nn.AddBias(z2, self.c2))
        return nn.AddBias(nn.Linear(arriba, self.salida), self.sesgo_salida)

    def get_loss(self, xs, y):
        return nn.SoftmaxLoss(self.run(xs), y)

    def train(self, dataset):
        todos = [self.entrada1, self.rec1, self.c1, self.entrada2, self.rec2, self.c2,
                   self.salida, self.sesgo_salida]
        for step, (xs, y) in enumerate(dataset.iterate_forever(32)):
            grads = nn.gradients(self.get_loss(xs, y), todos)
            for k in range(len(todos)):
                todos[k].update(grads[k], -0.05)
            if step % 2000 == 1999 and dataset.get_validation_accuracy() > 0.85:
                break
